package web

var auditMessages = catalog{"fr": {}, "en": {}}
