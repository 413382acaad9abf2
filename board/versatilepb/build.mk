obj-y += board/versatilepb/board.o
