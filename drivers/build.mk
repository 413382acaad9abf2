# objects of drivers
