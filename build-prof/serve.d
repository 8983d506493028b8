build-prof/serve.o: src/serve.c src/arena.h src/buf.h src/config.h \
 src/datefmt.h src/diag.h src/serve.h src/site.h src/util.h
src/arena.h:
src/buf.h:
src/config.h:
src/datefmt.h:
src/diag.h:
src/serve.h:
src/site.h:
src/util.h:
