# objects of fdt
