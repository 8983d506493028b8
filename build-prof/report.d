build-prof/report.o: src/report.c src/buf.h src/diag.h src/report.h \
 src/site.h
src/buf.h:
src/diag.h:
src/report.h:
src/site.h:
