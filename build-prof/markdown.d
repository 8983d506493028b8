build-prof/markdown.o: src/markdown.c src/arena.h src/buf.h src/diag.h \
 src/markdown.h
src/arena.h:
src/buf.h:
src/diag.h:
src/markdown.h:
