build-prof/i18n.o: src/i18n.c src/arena.h src/buf.h src/datefmt.h \
 src/diag.h src/i18n.h src/i18n_builtin.h src/util.h src/value.h
src/arena.h:
src/buf.h:
src/datefmt.h:
src/diag.h:
src/i18n.h:
src/i18n_builtin.h:
src/util.h:
src/value.h:
