# objects of env
