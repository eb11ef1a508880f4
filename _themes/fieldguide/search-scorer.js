/* The Field Guide's search ranking (conf.py: html_search_scorer; Sphinx puts this file into
 * language_data.js, which the search page loads after searchtools.js).
 *
 * Readers type questions ("why does pip say externally managed environment", "python
 * requests timeout"), not the guide's headings. Sphinx's own search lists only the pages
 * that hold *every* word of the query, so one word a page happens not to use ("say",
 * "recognized") empties the list; and it scores a page by its best word alone, so ties are
 * broken by title. Tested on the reader questions in tests/data/search-questions.toml
 * (tests/test_search.py), whose first measurement with Sphinx's search found the answer in
 * the top three for 47 of 66.
 *
 * Here a page may match some of the words, and the words count by how rare they are:
 *
 *   - each word of the query (stemmed as searchtools.js stems, without stopwords) weighs
 *     its inverse document frequency (BM25's), so "timeout" outweighs "python";
 *   - on a page a word counts 3x in the page's title, 2x in a section heading, 1x in the
 *     text (half that when it is only part of a longer indexed word);
 *   - the page's best *anchor* adds twice its score: an anchor is a section heading or an
 *     index entry, and scores the rare words of the query it holds, times the share of its
 *     own words the query holds. So a reader's question that names a heading or an index
 *     entry ("mutable default argument", "is vs ==") finds that section, and an index
 *     entry in readers' words is how a chapter is made findable by them. Numbers ("0.1")
 *     and operators ("==", ":=") count in anchors, where searchtools.js drops them.
 *
 * A result links to its best anchor and is titled "Page > heading" (or index entry), so
 * the list shows the matching section; its excerpt is that section's text. Pages scoring
 * under a quarter of the best are left out, and at most MAX_RESULTS are listed. A word
 * with a minus ("-requests") leaves out the pages that hold it (the search page says so).
 * API objects (from py:function and the like, or autodoc) are found as Sphinx finds them
 * and listed above the pages.
 */
var Scorer = {
  // Sphinx's defaults, kept for anything in searchtools.js that still reads them.
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
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
  const WEIGHT = { pageTitle: 3, heading: 2, text: 1, partial: 0.5, anchor: 2 };
  const MIN_SHARE = 0.25; // of the best score, for a page to be listed
  const MAX_RESULTS = 15;
  // Words of comparison questions that say nothing about the topic ("pathlib vs os.path").
  const QUERY_STOPWORDS = new Set(["vs", "versus", "difference", "differences", "instead"]);
  const NUMBER = /\d+(?:\.\d+)*/g;
  const OPERATOR = /[=!<>:*+\-/%&|^~@]{2,}/g;

  const stemmer = new Stemmer();
  const isStopword = (word) => stopwords.has(word) || QUERY_STOPWORDS.has(word);

  // The stemmed words of `text`, as searchtools.js indexes and looks them up.
  const words = (text) =>
    splitQuery(text.toLowerCase())
      .filter((word) => !isStopword(word) && !/^\d+$/.test(word))
      .map((word) => stemmer.stemWord(word));

  // What an anchor (heading, index entry) or a query holds: words, numbers and operators.
  const tokens = (text) => {
    const lower = text.toLowerCase();
    return new Set([...words(lower), ...(lower.match(NUMBER) || []), ...(lower.match(OPERATOR) || [])]);
  };

  const asList = (files) => (files === undefined ? [] : [].concat(files));

  let anchors = null; // [{file, id, label, tokens}], built once from the index
  let anchorFiles = null; // token -> Set of files with an anchor holding it
  const buildAnchors = (index) => {
    anchors = [];
    for (const [label, found] of Object.entries(index.alltitles)) {
      for (const [file, id] of found) {
        anchors.push({ file, id: id || "", label, tokens: tokens(label), heading: true });
      }
    }
    for (const [label, found] of Object.entries(index.indexentries)) {
      for (const [file, id] of found) {
        anchors.push({ file, id: id || "", label, tokens: tokens(label), heading: false });
      }
    }
    anchorFiles = new Map();
    for (const anchor of anchors) {
      for (const token of anchor.tokens) {
        if (!anchorFiles.has(token)) anchorFiles.set(token, new Set());
        anchorFiles.get(token).add(anchor.file);
      }
    }
  };

  const pageTitleWords = new Map(); // file -> Set of the stemmed words of its title
  const titleWords = (index, file) => {
    if (!pageTitleWords.has(file)) pageTitleWords.set(file, new Set(words(index.titles[file])));
    return pageTitleWords.get(file);
  };

  // BM25's inverse document frequency: near 0 for a word on every page.
  const idf = (pages, withIt) => Math.log(1 + (pages - withIt + 0.5) / (withIt + 0.5));

  // For one query word: the files holding it exactly (in text, in a heading) or, when no
  // file holds it exactly, as part of a longer indexed word (as searchtools.js matches).
  const lookUp = (index, word) => {
    const text = new Set(asList(index.terms[word]));
    const heading = new Set(asList(index.titleterms[word]));
    let partial = false;
    if (text.size === 0 && heading.size === 0 && word.length > 2) {
      partial = true;
      for (const [term, files] of Object.entries(index.terms)) {
        if (term.includes(word)) asList(files).forEach((file) => text.add(file));
      }
      for (const [term, files] of Object.entries(index.titleterms)) {
        if (term.includes(word)) asList(files).forEach((file) => heading.add(file));
      }
    }
    return { text, heading, partial };
  };

  const search = (query, excludedTerms, objectTerms = new Set()) => {
    const index = Search._index;
    if (anchors === null) buildAnchors(index);
    const pages = index.docnames.length;
    // "-word" leaves out the pages holding the word (below), and does not count for them.
    // searchtools.js cannot pass it on: its splitQuery drops the "-", so its excludedTerms
    // is always empty. "--flag" and "-1" are words, not exclusions.
    const parts = query.split(/\s+/);
    const isExclusion = (part) => part.length > 1 && part.startsWith("-") && !/^-[-\d.]/.test(part);
    const wanted = parts.filter((part) => !isExclusion(part)).join(" ");
    const unwanted = new Set([
      ...excludedTerms,
      ...words(parts.filter(isExclusion).map((part) => part.slice(1)).join(" ")),
    ]);
    const queryWords = new Set(words(wanted));
    const queryTokens = tokens(wanted);

    // What each query word is worth, and where it is.
    const found = new Map();
    const weightOf = new Map();
    for (const word of queryWords) {
      const where = lookUp(index, word);
      found.set(word, where);
      const withIt = new Set([...where.text, ...where.heading]).size;
      weightOf.set(word, withIt === 0 ? 0 : idf(pages, withIt) * (where.partial ? WEIGHT.partial : 1));
    }
    for (const token of queryTokens) {
      if (weightOf.get(token) > 0) continue; // a number, an operator, or a word only in anchors
      const withIt = anchorFiles.has(token) ? anchorFiles.get(token).size : 0;
      weightOf.set(token, withIt === 0 ? 0 : idf(pages, withIt));
    }

    const scores = new Map(); // file -> score from the page's words
    for (const [word, where] of found) {
      const weight = weightOf.get(word);
      for (const file of new Set([...where.text, ...where.heading])) {
        const place = titleWords(index, file).has(word)
          ? WEIGHT.pageTitle
          : where.heading.has(file)
            ? WEIGHT.heading
            : WEIGHT.text;
        scores.set(file, (scores.get(file) || 0) + weight * place);
      }
    }

    // file -> its best heading and its best index entry, each {anchor, score, held}
    const best = new Map();
    for (const anchor of anchors) {
      const held = [...anchor.tokens].filter((token) => queryTokens.has(token));
      const worth = held.reduce((sum, token) => sum + (weightOf.get(token) || 0), 0);
      if (worth === 0) continue;
      const score = (worth * held.length) / anchor.tokens.size;
      if (!best.has(anchor.file)) best.set(anchor.file, {});
      const kind = anchor.heading ? "heading" : "entry";
      const current = best.get(anchor.file)[kind];
      if (current === undefined || score > current.score) {
        best.get(anchor.file)[kind] = { anchor, score, held };
      }
    }
    const anchorOf = new Map(); // file -> the anchor a result links to
    for (const [file, { heading, entry }] of best) {
      const score = Math.max(heading ? heading.score : 0, entry ? entry.score : 0);
      scores.set(file, (scores.get(file) || 0) + WEIGHT.anchor * score);
      // Name the section when its heading holds the rarest word the best index entry
      // matched: the entry's own words are often a fragment ("timeout"), the heading says
      // where it is ("Timeouts, always").
      const rarest = (held) =>
        held.reduce((a, b) => ((weightOf.get(b) || 0) > (weightOf.get(a) || 0) ? b : a));
      const sectionFits =
        heading &&
        (!entry ||
          heading.score >= entry.score / 2 ||
          heading.anchor.tokens.has(rarest(entry.held)));
      anchorOf.set(file, sectionFits ? heading.anchor : entry.anchor);
    }

    const excluded = [...unwanted].flatMap((term) => [
      ...asList(index.terms[term]),
      ...asList(index.titleterms[term]),
    ]);
    excluded.forEach((file) => scores.delete(file));

    const top = Math.max(0, ...scores.values());
    const results = [];
    for (const [file, score] of scores) {
      if (score <= 0 || score < MIN_SHARE * top) continue;
      const title = index.titles[file];
      const anchor = anchorOf.get(file) || null;
      const section = anchor && anchor.id && anchor.label !== title ? anchor : null;
      results.push([
        index.docnames[file],
        section ? `${title} > ${section.label}` : title,
        section ? `#${section.id}` : "",
        null,
        score,
        index.filenames[file],
        section ? "title" : "text",
      ]);
    }
    // Best first; searchtools.js lists the array from its end.
    results.sort((a, b) => a[4] - b[4] || (a[1].toLowerCase() > b[1].toLowerCase() ? -1 : 1));
    // API objects, found and scored as searchtools.js does, above the pages: a query that
    // names a function is looking for its entry.
    const objects = [...objectTerms].flatMap((term) => Search.performObjectSearch(term, objectTerms));
    objects.sort((a, b) => a[4] - b[4]);
    return [...results.slice(-MAX_RESULTS), ...objects.slice(-MAX_RESULTS)];
  };

  // The text of the part of a page a result links to, for its excerpt: the section, also
  // when the link is an index entry's target (an empty element inside the section).
  const htmlToText = (htmlString, anchor) => {
    const document = new DOMParser().parseFromString(htmlString, "text/html");
    document.querySelectorAll(".headerlink, script, style").forEach((element) => element.remove());
    const main = document.querySelector('[role="main"]');
    if (main === null) return "";
    const target = anchor ? main.querySelector(anchor) : null;
    if (target === null) return main.textContent;
    if (target.textContent.trim() !== "") return target.textContent;
    return (target.closest("section") || main).textContent;
  };

  return { search, htmlToText, tokens };
})();

if (typeof Search !== "undefined") {
  Search._performSearch = (query, searchTerms, excludedTerms, highlightTerms, objectTerms) => {
    _removeChildren(document.getElementById("search-progress")); // as searchtools.js does
    return FieldguideSearch.search(query, excludedTerms, objectTerms);
  };
  Search.htmlToText = FieldguideSearch.htmlToText;
}
