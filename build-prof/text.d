build-prof/text.o: src/text.c src/arena.h src/datefmt.h src/text.h \
 src/util.h
src/arena.h:
src/datefmt.h:
src/text.h:
src/util.h:
