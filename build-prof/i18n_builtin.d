build-prof/i18n_builtin.o: src/i18n_builtin.c src/i18n_builtin.h
src/i18n_builtin.h:
