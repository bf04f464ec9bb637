import CLibEdit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The shell's line editor: libedit in emacs mode, with the shell's history, Tab bound to
/// the `Completer`, and Ctrl-C bound to "abandon this line".
///
/// Ctrl-C is a key here, not a signal: while a line is edited the terminal's ISIG flag is
/// off (`setty -d -isig`), so ^C reaches libedit like any key and never kills the shell.
/// Once a line is returned libedit restores the terminal, and Ctrl-C during a statement is
/// again SIGINT, which `InterruptWatch` turns into cancelling the statement.
final class LineEditor {
    enum Input: Sendable, Hashable {
        case line(String)
        /// Ctrl-C: the line (and any unfinished statement) is to be dropped.
        case interrupted
        /// Ctrl-D on an empty line, or the terminal went away.
        case end
    }

    private let editor: OpaquePointer
    private let historyList: OpaquePointer
    private var prompt: UnsafeMutablePointer<CChar>?
    private var interrupted = false
    /// The terminal's settings outside line editing, for Ctrl-Z.
    private var normalMode: termios?
    var completer: Completer
    /// The unfinished statement's earlier lines (each ending in a line break), so that Tab
    /// on a continuation line knows which statement it is in.
    var context = ""

    init?(programName: String, completer: Completer) {
        // libedit reads multibyte input through the locale's character type; statements are
        // UTF-8 whatever the locale, so a plain C locale gets its UTF-8 variant.
        let locale = setlocale(LC_CTYPE, "").map { String(cString: $0) }
        if locale == nil || locale == "C" || locale == "POSIX" { setlocale(LC_CTYPE, "C.UTF-8") }
        guard let editor = aerosh_el_init(programName) else { return nil }
        guard let historyList = history_init() else {
            el_end(editor)
            return nil
        }
        self.editor = editor
        self.historyList = historyList
        self.completer = completer

        _ = aerosh_history_set_size(historyList, Int32(ShellHistory.defaultLimit))
        _ = aerosh_el_set_history(editor, historyList)
        _ = aerosh_el_set_client_data(editor, Unmanaged.passUnretained(self).toOpaque())
        _ = aerosh_el_set_editor(editor, "emacs")
        // libedit puts the terminal back before a signal stops or ends the shell, and
        // redraws after a resize.
        _ = aerosh_el_set_signal(editor, 1)
        _ = aerosh_el_set_prompt(editor) { editor in LineEditor.owning(editor)?.prompt }
        _ = aerosh_el_setty_edit(editor, "-isig")

        _ = aerosh_el_add_function(editor, "aerosh-complete", "Complete the word at the cursor") { editor, _ in
            LineEditor.owning(editor)?.completeAtCursor() ?? UInt8(CC_ERROR)
        }
        _ = aerosh_el_add_function(editor, "aerosh-interrupt", "Abandon the line") { editor, _ in
            LineEditor.owning(editor)?.abandonLine() ?? UInt8(CC_ERROR)
        }
        _ = aerosh_el_add_function(editor, "aerosh-suspend", "Suspend the shell") { editor, _ in
            LineEditor.owning(editor)?.suspend() ?? UInt8(CC_ERROR)
        }
        let escape = "\u{1B}"
        let bindings = [
            ("^I", "aerosh-complete"),
            ("^C", "aerosh-interrupt"),
            ("^Z", "aerosh-suspend"),
            // Up and Down step through statements that start with what is typed before the
            // cursor (all of them on an empty line); Ctrl-R searches incrementally.
            ("\(escape)[A", "ed-search-prev-history"), ("\(escape)OA", "ed-search-prev-history"),
            ("\(escape)[B", "ed-search-next-history"), ("\(escape)OB", "ed-search-next-history"),
            ("^R", "em-inc-search-prev"),
        ]
        for (key, command) in bindings { _ = aerosh_el_bind(editor, key, command) }
        // The user's ~/.editrc (or $EDITRC) may rebind any of this, as in other libedit tools.
        _ = el_source(editor, nil)
    }

    deinit {
        el_end(editor)
        history_end(historyList)
        free(prompt)
    }

    /// Reads one line after showing `prompt`.
    func read(prompt text: String) -> Input {
        free(prompt)
        prompt = strdup(text)
        interrupted = false
        enterEditingMode()
        var count: Int32 = 0
        guard let line = el_gets(editor, &count) else { return .end }
        if interrupted { return .interrupted }
        var text = String(cString: line)
        if text.hasSuffix("\n") { text.removeLast() }
        return .line(text)
    }

    /// Makes these the statements Up-arrow and Ctrl-R go through, oldest first.
    func setHistory(_ entries: [String]) {
        _ = aerosh_history_clear(historyList)
        for entry in entries { _ = aerosh_history_enter(historyList, entry) }
    }

    /// Turns off the terminal's line mode, echo and signal keys now, before libedit prints
    /// the prompt: libedit itself does so only when it reads the first key, and a key
    /// typed in between (Ctrl-D, Ctrl-C, or anything typed ahead) would meet the terminal's
    /// own line editing — echoed twice, or Ctrl-D taken as end-of-file and lost. libedit
    /// learns the terminal's normal settings only from a terminal in line mode, so it still
    /// restores the right ones when the line is read.
    private func enterEditingMode() {
        var mode = termios()
        guard tcgetattr(0, &mode) == 0, mode.c_lflag & tcflag_t(ICANON) != 0 else { return }
        normalMode = mode
        mode.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
        withUnsafeMutableBytes(of: &mode.c_cc) { characters in
            characters[Int(VMIN)] = 1
            characters[Int(VTIME)] = 0
        }
        _ = tcsetattr(0, TCSANOW, &mode)
    }

    // MARK: - Bound functions (called by libedit inside el_gets)

    private static func owning(_ editor: OpaquePointer?) -> LineEditor? {
        guard let editor, let data = aerosh_el_client_data(editor) else { return nil }
        return Unmanaged<LineEditor>.fromOpaque(data).takeUnretainedValue()
    }

    private func completeAtCursor() -> UInt8 {
        guard let info = el_line(editor)?.pointee, let buffer = info.buffer, let cursor = info.cursor else {
            return UInt8(CC_ERROR)
        }
        let typed = String(decoding: UnsafeRawBufferPointer(start: buffer, count: cursor - buffer), as: UTF8.self)
        switch completer.complete(context + typed).action {
        case .insert(let replacing, let text):
            el_deletestr(editor, Int32(replacing))
            if !text.isEmpty, el_insertstr(editor, text) != 0 { return UInt8(CC_REFRESH_BEEP) }
            return UInt8(CC_REFRESH)
        case .list(let items):
            var out = FileDescriptorSink.standardOutput()
            out.write("\n" + CompletionListing.render(items, width: CompletionListing.terminalWidth()))
            out.flush()
            return UInt8(CC_REDISPLAY)
        case .none:
            return UInt8(CC_REFRESH_BEEP)
        }
    }

    /// Ctrl-Z: the terminal's own suspend key is off with ISIG, so stop as it would have:
    /// normal terminal settings back, SIGTSTP's default action (not libedit's handler, which
    /// would stop from whichever thread it runs on), and after `fg` the line drawn again in
    /// full, since the job-control shell has written on the screen meanwhile.
    private func suspend() -> UInt8 {
        var editing = termios()
        guard let normal = normalMode, tcgetattr(0, &editing) == 0 else { return UInt8(CC_ERROR) }
        var restored = normal
        _ = tcsetattr(0, TCSADRAIN, &restored)
        var stop = sigaction()
        stop.__sigaction_handler.sa_handler = SIG_DFL
        var previous = sigaction()
        _ = sigaction(SIGTSTP, &stop, &previous)
        // Directed at this thread, and unblocked here (Dispatch's worker threads, where
        // async code runs, block signals), the stop takes effect before raise returns.
        var only = sigset_t()
        sigemptyset(&only)
        sigaddset(&only, SIGTSTP)
        var mask = sigset_t()
        _ = pthread_sigmask(SIG_UNBLOCK, &only, &mask)
        _ = raise(SIGTSTP)
        _ = pthread_sigmask(SIG_SETMASK, &mask, nil)
        _ = sigaction(SIGTSTP, &previous, nil)
        _ = tcsetattr(0, TCSADRAIN, &editing)
        return UInt8(CC_REDISPLAY)
    }

    /// Ctrl-C: show `^C` at the end of the line, then end it as Enter would; `read` sees
    /// the flag and reports `.interrupted` instead of the text.
    private func abandonLine() -> UInt8 {
        interrupted = true
        if let info = el_line(editor)?.pointee, let cursor = info.cursor, let last = info.lastchar {
            _ = el_cursor(editor, Int32(last - cursor))
        }
        _ = el_insertstr(editor, "^C")
        el_push(editor, "\n")
        return UInt8(CC_REFRESH)
    }
}

/// Completion candidates laid out in columns under the line, as shells list them.
enum CompletionListing {
    static func render(_ items: [String], width: Int) -> String {
        guard let widest = items.map(\.count).max() else { return "" }
        let columnWidth = widest + 2
        let columns = max(1, width / columnWidth)
        var text = ""
        for (index, item) in items.enumerated() {
            let endOfRow = index % columns == columns - 1 || index == items.count - 1
            text += endOfRow ? item + "\n" : item + String(repeating: " ", count: columnWidth - item.count)
        }
        return text
    }

    static func terminalWidth() -> Int {
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
