build-prof/pool.o: src/pool.c src/arena.h src/datefmt.h src/pool.h \
 src/buf.h src/text.h src/util.h
src/arena.h:
src/datefmt.h:
src/pool.h:
src/buf.h:
src/text.h:
src/util.h:
