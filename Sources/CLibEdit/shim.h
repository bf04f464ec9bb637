// libedit (BSD editline) for Swift: the library's own headers, plus non-variadic wrappers
// for the variadic calls (el_set, el_get, history), which Swift cannot call directly.
#ifndef AEROSH_CLIBEDIT_SHIM_H
#define AEROSH_CLIBEDIT_SHIM_H

#include <histedit.h>
#include <stdio.h>

typedef char *(*aerosh_el_prompt_fn)(EditLine *);
typedef unsigned char (*aerosh_el_command_fn)(EditLine *, int);

/// An editor on the process's standard streams (Swift 6 cannot read the C globals stdin,
/// stdout and stderr, which are shared mutable state).
static inline EditLine *aerosh_el_init(const char *program) {
    return el_init(program, stdin, stdout, stderr);
}

static inline int aerosh_el_set_prompt(EditLine *el, aerosh_el_prompt_fn prompt) {
    return el_set(el, EL_PROMPT, prompt);
}

static inline int aerosh_el_set_editor(EditLine *el, const char *mode) {
    return el_set(el, EL_EDITOR, mode);
}

static inline int aerosh_el_set_signal(EditLine *el, int handle) {
    return el_set(el, EL_SIGNAL, handle);
}

static inline int aerosh_el_set_history(EditLine *el, History *history_list) {
    return el_set(el, EL_HIST, history, history_list);
}

static inline int aerosh_el_set_client_data(EditLine *el, void *data) {
    return el_set(el, EL_CLIENTDATA, data);
}

static inline void *aerosh_el_client_data(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}

static inline int aerosh_el_add_function(EditLine *el, const char *name, const char *help, aerosh_el_command_fn function) {
    return el_set(el, EL_ADDFN, name, help, function);
}

/// `bind KEY COMMAND`
static inline int aerosh_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL);
}

/// `setty -d FLAG`: a terminal mode flag for while a line is being edited.
static inline int aerosh_el_setty_edit(EditLine *el, const char *flag) {
    return el_set(el, EL_SETTY, "-d", flag, NULL);
}

static inline int aerosh_history_set_size(History *history_list, int size) {
    HistEvent event;
    return history(history_list, &event, H_SETSIZE, size);
}

static inline int aerosh_history_enter(History *history_list, const char *line) {
    HistEvent event;
    return history(history_list, &event, H_ENTER, line);
}

static inline int aerosh_history_clear(History *history_list) {
    HistEvent event;
    return history(history_list, &event, H_CLEAR);
}

#endif
