# objects of cmd
