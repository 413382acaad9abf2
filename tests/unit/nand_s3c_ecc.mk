# NAND_ECC_S3C_LINUX: the software twin against a datasheet reference, the driver against the controller model.
UNIT_TESTS += test_nand_s3c_ecc
