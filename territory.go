package socle

import "strings"

// regions maps each département to its région (INSEE codes since 2016), so that a service
// offered in a région is known to serve a place in one of its départements.
var regions = map[string]string{
	"75": "11", "77": "11", "78": "11", "91": "11", "92": "11", "93": "11", "94": "11", "95": "11",
	"18": "24", "28": "24", "36": "24", "37": "24", "41": "24", "45": "24",
	"21": "27", "25": "27", "39": "27", "58": "27", "70": "27", "71": "27", "89": "27", "90": "27",
	"14": "28", "27": "28", "50": "28", "61": "28", "76": "28",
	"02": "32", "59": "32", "60": "32", "62": "32", "80": "32",
	"08": "44", "10": "44", "51": "44", "52": "44", "54": "44", "55": "44", "57": "44", "67": "44", "68": "44", "88": "44",
	"44": "52", "49": "52", "53": "52", "72": "52", "85": "52",
	"22": "53", "29": "53", "35": "53", "56": "53",
	"16": "75", "17": "75", "19": "75", "23": "75", "24": "75", "33": "75", "40": "75", "47": "75", "64": "75", "79": "75", "86": "75", "87": "75",
	"09": "76", "11": "76", "12": "76", "30": "76", "31": "76", "32": "76", "34": "76", "46": "76", "48": "76", "65": "76", "66": "76", "81": "76", "82": "76",
	"01": "84", "03": "84", "07": "84", "15": "84", "26": "84", "38": "84", "42": "84", "43": "84", "63": "84", "69": "84", "73": "84", "74": "84",
	"04": "93", "05": "93", "06": "93", "13": "93", "83": "93", "84": "93",
	"2A": "94", "2B": "94",
	"971": "01", "972": "02", "973": "03", "974": "04", "976": "06",
}

// DepartementOf returns the département of a territory code: itself for a département, the
// département a commune ("C74010") lies in, or "" for the country, a région or an unknown code.
func DepartementOf(code string) string {
	code = strings.ToUpper(strings.TrimSpace(code))
	if c, ok := strings.CutPrefix(code, "C"); ok && len(c) == 5 {
		if strings.HasPrefix(c, "97") {
			code = c[:3]
		} else {
			code = c[:2]
		}
	}
	if _, ok := regions[code]; ok {
		return code
	}
	return ""
}

// TerritoryCovers reports whether a service offered in area serves someone living in place.
// Codes are those of Service.Territories: "FR", "R84", "74", "C74010". An empty place is
// anywhere; an unknown area or place is given the benefit of the doubt.
func TerritoryCovers(area, place string) bool {
	area, place = strings.ToUpper(strings.TrimSpace(area)), strings.ToUpper(strings.TrimSpace(place))
	if area == "FR" || place == "" || place == "FR" || area == place {
		return true
	}
	dep := DepartementOf(place)
	switch {
	case dep == "":
		return !strings.HasPrefix(place, "R") || area == place // a région place: only région-wide offers are sure
	case strings.HasPrefix(area, "R"):
		return "R"+regions[dep] == area
	case strings.HasPrefix(area, "C"):
		// A commune's service serves its inhabitants: known only to the département, the
		// person may live there.
		return area == place || !strings.HasPrefix(place, "C") && DepartementOf(area) == dep
	}
	return area == dep
}
