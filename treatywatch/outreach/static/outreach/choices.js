// A long list of checkboxes (the States) narrows to those whose name holds what is typed; the ones already
// ticked stay in sight. Without JavaScript the whole list shows and the search field stays hidden.
"use strict";
document.querySelectorAll("input[data-filter-for]").forEach((input) => {
  const list = document.getElementById(input.dataset.filterFor);
  if (!list) {
    return;
  }
  input.hidden = false;
  const items = Array.from(list.children);
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toLocaleLowerCase();
    items.forEach((item) => {
      const box = item.querySelector("input");
      const shown = !wanted || (box && box.checked) || item.textContent.toLocaleLowerCase().includes(wanted);
      item.hidden = !shown;
    });
  });
});
