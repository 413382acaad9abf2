# objects of board/versatilepb
