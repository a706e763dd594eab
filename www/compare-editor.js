// The draft editor of the compare view: CodeMirror 6 (vendored by scripts/build-www.sh) with line
// numbers, and the line of an error marked in the text and in the gutter.
//
// The page's Content-Security-Policy allows only style sheets from its own origin (style-src
// 'self'). CodeMirror puts its styles in a <style> element in a document, which that policy
// refuses, but adopts them as constructed style sheets in a shadow root, which it does not
// govern. So the editor lives in a shadow root; compare.css styles only the host.
import {
  EditorState, StateEffect, StateField, EditorView, Decoration, GutterMarker, lineNumbers,
  highlightActiveLine, highlightActiveLineGutter, drawSelection, keymap, gutter, defaultKeymap,
  history, historyKeymap, Compartment, search, searchKeymap, openSearchPanel, highlightSelectionMatches,
} from "./vendor/codemirror.js";

// Only the lines in view are in the page, so the browser's own Ctrl+F cannot find the rest:
// CodeMirror's search (Ctrl+F / Cmd+F inside the editor, or the "Zoeken" button) searches the
// whole script, in the page's language.
const PHRASES = {
  nl: {
    Find: "Zoeken", Replace: "Vervangen", next: "volgende", previous: "vorige", all: "alle",
    "match case": "hoofdletters gelijk", "by word": "heel woord", regexp: "reguliere expressie",
    replace: "vervang", "replace all": "vervang alle", close: "sluiten", "current match": "huidige treffer",
    "replaced $ matches": "$ treffers vervangen", "replaced match on line $": "treffer op regel $ vervangen",
    "on line": "op regel", "Go to line": "Ga naar regel", go: "ga",
  },
  en: {},
};

/** Marks one line as the error's (`{ line, message }`), or clears the mark (`null`). */
const markError = StateEffect.define();

const errorLine = StateField.define({
  create: () => null,
  update(value, tr) {
    for (const effect of tr.effects) if (effect.is(markError)) value = effect.value;
    // Editing the text clears the mark: the error belongs to the text that was compared.
    return tr.docChanged ? null : value;
  },
});

class ErrorMarker extends GutterMarker {
  toDOM() {
    const mark = document.createElement("span");
    mark.className = "cm-error-marker";
    mark.textContent = "!";
    return mark;
  }
}

const errorDecorations = EditorView.decorations.compute([errorLine], (state) => {
  const error = state.field(errorLine);
  if (!error || error.line > state.doc.lines) return Decoration.none;
  const from = state.doc.line(error.line).from;
  return Decoration.set([Decoration.line({ class: "cm-error-line", attributes: { title: error.message } }).range(from)]);
});

const errorGutter = gutter({
  class: "cm-error-gutter",
  lineMarker(view, line) {
    const error = view.state.field(errorLine);
    return error && error.line <= view.state.doc.lines && view.state.doc.line(error.line).from === line.from
      ? new ErrorMarker() : null;
  },
  lineMarkerChange: (update) => update.transactions.some((tr) => tr.effects.some((e) => e.is(markError)) || tr.docChanged),
  initialSpacer: () => new ErrorMarker(),
});

/** Colours with at least 4.5:1 contrast on white, and a visible focus ring (WCAG 2.2). */
const theme = EditorView.theme({
  "&": { border: "1px solid #5f6368", borderRadius: "4px", background: "#fff", color: "#1a1a1a", fontSize: "0.9rem" },
  "&.cm-focused": { outline: "3px solid #0b57d0", outlineOffset: "2px" },
  ".cm-scroller": { fontFamily: "ui-monospace, 'DejaVu Sans Mono', monospace", lineHeight: "1.5", maxHeight: "24rem", overflow: "auto" },
  ".cm-gutters": { background: "#f3f3f3", color: "#4d4d4d", borderRight: "1px solid #c4c4c4" },
  ".cm-activeLine": { background: "#eef4ff" },
  ".cm-activeLineGutter": { background: "#dde7fb", color: "#1a1a1a" },
  ".cm-error-line": { background: "#fde7e9", boxShadow: "inset 4px 0 #b00020" },
  ".cm-error-gutter .cm-gutterElement": { padding: "0 4px" },
  ".cm-error-marker": { color: "#b00020", fontWeight: "bold" },
  ".cm-selectionBackground, &.cm-focused .cm-selectionBackground": { background: "#c9dbf9" },
});

/**
 * Puts an editor in `host` (an element of the page). `label` names the text box for assistive
 * technology; `onChange` is called after each edit.
 */
export function createEditor(host, { label, lang = "nl", onChange = () => {} }) {
  const language = new Compartment();
  const root = host.attachShadow({ mode: "open" });
  // A contenteditable is focusable by itself; tabindex says so to checkers that look for it
  // (axe's scrollable-region-focusable: the text scrolls inside the editor).
  const labelled = EditorView.contentAttributes.of(() => ({ "aria-label": host.dataset.label ?? label, "aria-multiline": "true", tabindex: "0" }));
  const view = new EditorView({
    root,
    parent: root,
    state: EditorState.create({
      doc: "",
      extensions: [
        // Long lines wrap, so the editor never scrolls sideways (a phone is 360 px wide).
        lineNumbers(), errorGutter, highlightActiveLine(), highlightActiveLineGutter(), drawSelection(), history(),
        EditorView.lineWrapping,
        search({ top: true }), highlightSelectionMatches(), language.of(EditorState.phrases.of(PHRASES[lang] ?? {})),
        keymap.of([...searchKeymap, ...defaultKeymap, ...historyKeymap]), errorLine, errorDecorations, theme, labelled,
        EditorView.updateListener.of((update) => { if (update.docChanged) onChange(); }),
      ],
    }),
  });
  // What a script (or a test) reads and sets on the page: the text, and the line of the cursor.
  Object.defineProperties(host, {
    value: { get: () => view.state.doc.toString(), set: (text) => view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } }) },
    cursorLine: { get: () => view.state.doc.lineAt(view.state.selection.main.head).number },
  });
  return {
    view,
    get value() { return view.state.doc.toString(); },
    set value(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    /** Names the text box again and speaks `lang` in the search panel (after a change of language). */
    setLabel(text, lang) {
      host.dataset.label = text;
      view.dispatch({ effects: lang ? language.reconfigure(EditorState.phrases.of(PHRASES[lang] ?? {})) : [] });
    },
    /** Opens the search panel over the whole script. */
    openSearch() {
      openSearchPanel(view);
    },
    /** Marks `line` as where `message` is; `null` clears it. */
    markError(error) {
      view.dispatch({ effects: markError.of(error) });
    },
    /** Puts the cursor at `line`, `column` and selects the rest of that line. */
    goTo(line, column = 1) {
      const target = view.state.doc.line(Math.min(Math.max(1, line), view.state.doc.lines));
      const anchor = Math.min(target.from + Math.max(0, column - 1), target.to);
      view.dispatch({ selection: { anchor, head: target.to }, scrollIntoView: true });
      view.focus();
    },
  };
}
