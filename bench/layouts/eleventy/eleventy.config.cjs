const footnote = require("markdown-it-footnote");

module.exports = function (config) {
  config.amendLibrary("md", (md) => md.set({ typographer: true }).use(footnote));
  config.addPassthroughCopy({ "src/style.css": "style.css" });
  const byDate = (a, b) => a.date - b.date || (a.fileSlug < b.fileSlug ? -1 : 1);
  config.addCollection("byStance", (api) => {
    const groups = {};
    for (const item of api.getFilteredByTag("articles").sort(byDate).reverse()) {
      (groups[item.data.stance] ||= []).push(item);
    }
    return groups;
  });
  config.addCollection("byYear", (api) => {
    const years = new Map();
    for (const item of api.getFilteredByTag("articles").sort(byDate)) {
      const year = String(item.date.getUTCFullYear());
      if (!years.has(year)) years.set(year, []);
      years.get(year).push(item);
    }
    return [...years].map(([year, items]) => ({ year, items }));
  });
  return {
    dir: { input: "src", output: "_site" },
    markdownTemplateEngine: false,
    htmlTemplateEngine: "njk",
    templateFormats: ["md", "njk"],
  };
};
