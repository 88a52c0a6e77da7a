// A link to #comment-N made before comments were paginated: when that comment is not on
// this page, go to its lasting address, which redirects to the page that shows it.
(function () {
  var match = /^#comment-(\d+)$/.exec(window.location.hash);
  if (match && !document.getElementById("comment-" + match[1])) {
    window.location.replace("/community/comments/" + match[1] + "/");
  }
})();
