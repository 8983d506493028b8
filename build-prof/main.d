build-prof/main.o: src/main.c src/check.h src/cmd_new.h src/cmd_serve.h \
 src/cmd_template.h src/datefmt.h src/diag.h src/report.h src/site.h
src/check.h:
src/cmd_new.h:
src/cmd_serve.h:
src/cmd_template.h:
src/datefmt.h:
src/diag.h:
src/report.h:
src/site.h:
