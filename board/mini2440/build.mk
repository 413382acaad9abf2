# objects of board/mini2440
