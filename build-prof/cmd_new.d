build-prof/cmd_new.o: src/cmd_new.c src/arena.h src/buf.h src/cmd_new.h \
 src/config.h src/datefmt.h src/diag.h src/gitsrc.h src/text.h src/util.h
src/arena.h:
src/buf.h:
src/cmd_new.h:
src/config.h:
src/datefmt.h:
src/diag.h:
src/gitsrc.h:
src/text.h:
src/util.h:
