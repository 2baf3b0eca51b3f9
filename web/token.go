package web

var tokenMessages = catalog{"fr": {}, "en": {}}
