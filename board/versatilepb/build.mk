obj-y += board/versatilepb/board.o
obj-y += board/versatilepb/early.o
