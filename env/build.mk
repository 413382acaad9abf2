# objects of env
obj-y += env/env_flash.o
obj-y += env/env_board.o
