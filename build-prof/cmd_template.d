build-prof/cmd_template.o: src/cmd_template.c src/arena.h src/buf.h \
 src/cmd_template.h src/diag.h src/loader.h src/template.h src/util.h \
 src/value.h
src/arena.h:
src/buf.h:
src/cmd_template.h:
src/diag.h:
src/loader.h:
src/template.h:
src/util.h:
src/value.h:
