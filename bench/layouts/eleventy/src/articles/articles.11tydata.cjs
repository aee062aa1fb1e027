module.exports = {
  layout: "article.njk",
  tags: ["articles"],
  permalink: (data) => `articles/${data.page.fileSlug}/index.html`,
};
