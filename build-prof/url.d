build-prof/url.o: src/url.c src/arena.h src/buf.h src/url.h src/util.h
src/arena.h:
src/buf.h:
src/url.h:
src/util.h:
