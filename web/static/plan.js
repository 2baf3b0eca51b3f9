// Finishing a plan before saving: move a step up or down, remove it, add a step of your own or a
// passage the plan offered beside its steps.
// Buttons and boxes to tick only (keyboard and screen readers use them like anything else);
// focus stays on the button pressed, and a status line says what happened. Without script the form still saves
// the plan as made, with the due dates and who does each step.
(function () {
  var print = document.getElementById('print-now');
  if (print) print.addEventListener('click', function () { window.print(); });
  // A lead's decision on a step's passage (forms.rule-form, sent by the step's buttons): with
  // script it is sent without leaving the plan, and the step says it was saved; without, the
  // lead lands on the list of decisions.
  document.querySelectorAll('form.rule-form').forEach(function (form) {
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var button = ev.submitter;
      var box = button && button.closest('.rule-actions');
      var data = new FormData(form);
      if (button) data.append(button.name, button.value);
      fetch(form.action, { method: 'POST', body: new URLSearchParams(data), redirect: 'manual', credentials: 'same-origin' })
        .then(function (res) {
          if (res.type !== 'opaqueredirect' && !res.ok) throw new Error(String(res.status));
          if (!box) return;
          var chosen = button.textContent.trim();
          box.querySelectorAll('button').forEach(function (b) { b.remove(); });
          box.querySelector('.rule-status').textContent = chosen + ' — ' + box.dataset.saved;
        })
        .catch(function () { // let the server say what went wrong, on its page
          if (button) {
            var rule = document.createElement('input');
            rule.type = 'hidden'; rule.name = button.name; rule.value = button.value;
            form.appendChild(rule);
          }
          form.submit();
        });
    });
  });
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
      if (li.classList.contains('offered-step')) {
        putBack(li);
      } else {
        li.remove();
        say(list.dataset.removed);
      }
      var target = next ? next.querySelector('button[data-remove]') : document.getElementById('add-own');
      if (target) target.focus();
      return;
    } else {
      return;
    }
    b.focus();
    say(list.dataset.moved + ' ' + position(li) + '.');
  });
  // A passage offered beside the plan is ticked to be added (without script, it is added at the
  // end): with script it moves to the end of the steps, to be ordered like them; removed, it
  // goes back among the passages offered, in its place.
  var offered = document.getElementById('offered-list');
  var putBack = function (li) {
    li.querySelector('.offer-take input').checked = false;
    var after = Array.prototype.find.call(offered.children, function (o) { return Number(o.dataset.i) > Number(li.dataset.i); });
    offered.insertBefore(li, after || null);
    count();
    say(offered.dataset.back);
  };
  var count = function () { document.getElementById('offered-count').textContent = offered.children.length; };
  if (offered) {
    Array.prototype.forEach.call(offered.children, function (li, i) { li.dataset.i = i; });
    offered.addEventListener('change', function (ev) {
      var box = ev.target;
      if (!box.matches('.offer-take input') || !box.checked) return;
      var li = box.closest('li');
      list.appendChild(li);
      count();
      say(offered.dataset.added);
      li.querySelector('.finish-fields input, .finish-fields select').focus();
    });
  }
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
