build-prof/output.o: src/output.c src/diag.h src/output.h src/util.h
src/diag.h:
src/output.h:
src/util.h:
