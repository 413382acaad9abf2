obj-y += board/mini2440/board.o
