# objects of env
obj-y += env/env_flash.o
