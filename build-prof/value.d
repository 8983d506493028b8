build-prof/value.o: src/value.c src/arena.h src/value.h
src/arena.h:
src/value.h:
