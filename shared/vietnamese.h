/* vietnamese.h - Vietnamese text in the forms a partner's code may have
 * signed by mistake: decomposed (NFD, as macOS file names and some input
 * methods give it), composed (NFC), or with its diacritics dropped.
 */
#ifndef GTD_VIETNAMESE_H
#define GTD_VIETNAMESE_H

typedef enum gtd_vi_form_kind {
	GTD_VI_NFC,    /* each letter precomposed: "ệ" as U+1EC7 */
	GTD_VI_NFD,    /* base letter and combining marks: "e" U+0323 U+0302 */
	GTD_VI_ASCII,  /* diacritics dropped, Đ/đ as D/d: "Nguyen Van Duc" */
} gtd_vi_form_kind;

/* s (UTF-8) with its Vietnamese letters in the given form; other text is
 * copied as it is.  malloc'd; NULL out of memory. */
char *gtd_vi_form(const char *s, gtd_vi_form_kind kind);

#endif
