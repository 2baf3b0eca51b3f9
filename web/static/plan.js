// Finishing a plan before saving: move a step up or down, remove it, add a step of your own.
// Buttons only (keyboard and screen readers use them like anything else); focus stays on the
// button pressed, and a status line says what happened. Without script the form still saves
// the plan as made, with the due dates and who does each step.
(function () {
  var print = document.getElementById('print-now');
  if (print) print.addEventListener('click', function () { window.print(); });
  var list = document.getElementById('steps');
  if (!list) return;
  var status = document.getElementById('finish-status');
  var say = function (text) { if (status) status.textContent = text; };
  var position = function (li) { return Array.prototype.indexOf.call(list.children, li) + 1; };
  list.addEventListener('click', function (ev) {
    var b = ev.target.closest('button');
    if (!b) return;
    var li = b.closest('li.step');
    if (b.dataset.move === 'up' && li.previousElementSibling) {
      list.insertBefore(li, li.previousElementSibling);
    } else if (b.dataset.move === 'down' && li.nextElementSibling) {
      list.insertBefore(li.nextElementSibling, li);
    } else if (b.hasAttribute('data-remove')) {
      var next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      say(list.dataset.removed);
      var target = next ? next.querySelector('button[data-remove]') : document.getElementById('add-own');
      if (target) target.focus();
      return;
    } else {
      return;
    }
    b.focus();
    say(list.dataset.moved + ' ' + position(li) + '.');
  });
  var own = 0;
  var add = document.getElementById('add-own');
  var tpl = document.getElementById('own-step');
  add.addEventListener('click', function () {
    own++;
    var row = 'o' + own;
    var li = tpl.content.firstElementChild.cloneNode(true);
    li.querySelectorAll('[name], [id], [aria-labelledby]').forEach(function (el) {
      ['name', 'id', 'aria-labelledby', 'value'].forEach(function (a) {
        if (el.hasAttribute(a)) el.setAttribute(a, el.getAttribute(a).replace('__ROW__', row));
      });
    });
    list.appendChild(li);
    say(list.dataset.added);
    li.querySelector('textarea').focus();
  });
})();
