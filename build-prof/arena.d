build-prof/arena.o: src/arena.c src/arena.h src/util.h
src/arena.h:
src/util.h:
