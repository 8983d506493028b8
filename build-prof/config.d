build-prof/config.o: src/config.c src/arena.h src/config.h src/datefmt.h \
 src/diag.h src/loader.h src/url.h src/util.h src/value.h
src/arena.h:
src/config.h:
src/datefmt.h:
src/diag.h:
src/loader.h:
src/url.h:
src/util.h:
src/value.h:
