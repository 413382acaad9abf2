# objects of boot
