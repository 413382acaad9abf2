# objects of common
