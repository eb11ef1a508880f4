/* The Field Guide's search ranking (conf.py: html_search_scorer; Sphinx puts this file into
 * language_data.js, which the search page loads after searchtools.js).
 *
 * Sphinx's own ranking scores a page by the best of the query's words, and a word in any
 * section heading counts as much as one in the page's title; on this guide many pages then
 * tie, and ties come out in alphabetical order. Here a page's score is the sum over the query's
 * words, and each word counts most in the page's own title, less in a section heading, least
 * in the text:
 *
 *     word in the page's title        30   (partly: 12)
 *     word in a section heading       15   (partly: 7)
 *     word in the text                 5   (partly: 2)
 *
 * ("partly": the word is part of a longer one there, matched as searchtools.js matches.)
 * A heading or an index entry that holds the whole query (Sphinx's "title" and "index"
 * results) scores like the query's words in a section heading; Sphinx would give an index
 * entry up to 100, which put the glossary above the chapter a term is named after. Objects
 * keep Sphinx's scores, and the other weights are Sphinx's defaults, unchanged.
 * Tested by tests/test_browser.py (test_search_box_ranks_the_answering_chapter_first).
 */
var Scorer = {
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,

  pageTitle: 30,
  partialPageTitle: 12,

  score: (result) => FieldguideSearch.score(result),
};

// Sphinx's search fetches each result's page for its excerpt; from file:// the browser refuses
// every such fetch (an error per result), so there the results are listed without excerpts.
// Here, not in fieldguide.js: this file runs before the search index arrives and the results
// are shown; fieldguide.js runs after.
if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}

var FieldguideSearch = (() => {
  "use strict";
  let queryKey = null; // the query the caches below belong to
  let words = []; // its stemmed words, as searchtools.js stems them
  let wordFiles = new Map(); // word -> {title, partialTitle, term, partialTerm}: Sets of files
  const pageTitleStems = new Map(); // file -> Set of the stemmed words of its title
  let fileOf = null; // docname -> file number

  const stem = (text) => {
    const stemmer = new Stemmer();
    return splitQuery(text.toLowerCase())
      .filter((word) => !stopwords.has(word) && !word.match(/^\d+$/))
      .map((word) => stemmer.stemWord(word));
  };

  // The files in which `word` is, or is part of, an entry of `index` (terms or titleterms),
  // the way searchtools.js matches: a part only counts when the whole word is not indexed.
  const filesFor = (index, word) => {
    const asSet = (files) => new Set(files === undefined ? [] : [].concat(files));
    const exact = asSet(index[word]);
    const partial = new Set();
    if (exact.size === 0 && word.length > 2) {
      for (const [entry, files] of Object.entries(index)) {
        if (entry.includes(word)) asSet(files).forEach((file) => partial.add(file));
      }
    }
    return [exact, partial];
  };

  const prepare = () => {
    const query = new URLSearchParams(window.location.search).get("q") || "";
    if (query === queryKey) return;
    queryKey = query;
    words = [...new Set(stem(query))];
    const index = Search._index;
    wordFiles = new Map();
    for (const word of words) {
      const [title, partialTitle] = filesFor(index.titleterms, word);
      const [term, partialTerm] = filesFor(index.terms, word);
      wordFiles.set(word, { title, partialTitle, term, partialTerm });
    }
    if (fileOf === null) {
      fileOf = new Map(index.docnames.map((docname, file) => [docname, file]));
    }
  };

  const titleStems = (file) => {
    if (!pageTitleStems.has(file)) {
      pageTitleStems.set(file, new Set(stem(Search._index.titles[file])));
    }
    return pageTitleStems.get(file);
  };

  // What one word is worth on one page.
  const wordScore = (word, file) => {
    const inTitle = titleStems(file);
    if (inTitle.has(word)) return Scorer.pageTitle;
    if (word.length > 2 && [...inTitle].some((t) => t.includes(word))) {
      return Scorer.partialPageTitle;
    }
    const found = wordFiles.get(word);
    if (found.title.has(file)) return Scorer.title;
    if (found.partialTitle.has(file)) return Scorer.partialTitle;
    if (found.term.has(file)) return Scorer.term;
    if (found.partialTerm.has(file)) return Scorer.partialTerm;
    return 0;
  };

  const score = (result) => {
    const [docname, title, anchor, , sphinxScore, , kind] = result;
    if (kind !== "text" && kind !== "title" && kind !== "index") return sphinxScore;
    prepare();
    const file = fileOf.get(docname);
    if (file === undefined || words.length === 0) return sphinxScore;
    if (kind === "index" || (kind === "title" && anchor !== "")) {
      // The whole query is in one index entry, or in one section heading ("Page > Heading").
      return words.length * Scorer.title;
    }
    return words.reduce((sum, word) => sum + wordScore(word, file), 0);
  };

  return { score };
})();
