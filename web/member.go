package web

var memberMessages = catalog{"fr": {}, "en": {}}
