# objects of arch/arm
