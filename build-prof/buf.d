build-prof/buf.o: src/buf.c src/buf.h src/util.h
src/buf.h:
src/util.h:
