build-prof/loader.o: src/loader.c src/arena.h src/diag.h src/loader.h \
 src/value.h
src/arena.h:
src/diag.h:
src/loader.h:
src/value.h:
