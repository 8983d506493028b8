build-prof/gitsrc.o: src/gitsrc.c src/arena.h src/buf.h src/diag.h \
 src/gitsrc.h src/util.h
src/arena.h:
src/buf.h:
src/diag.h:
src/gitsrc.h:
src/util.h:
