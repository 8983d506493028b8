build-prof/datefmt.o: src/datefmt.c src/buf.h src/datefmt.h src/diag.h \
 src/util.h
src/buf.h:
src/datefmt.h:
src/diag.h:
src/util.h:
