/*
 * yaml-parse.c - the bare libyaml baseline of bench/k8s/run.sh: parse a
 * YAML stream into events (every document, to the end) and discard them,
 * with nothing built and nothing checked.  This is the floor any YAML
 * manifest scanner on libyaml pays.
 *
 *   yaml-parse FILE     prints "documents events"
 *
 * SPDX-License-Identifier: MIT
 */
#include <stdio.h>
#include <yaml.h>

#include "util/banned.h"

int
main(int argc, char **argv)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	unsigned long docs = 0, events = 0;
	FILE *fp;
	int done = 0, rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: yaml-parse FILE\n");
		return 2;
	}
	fp = fopen(argv[1], "rb");
	if (fp == NULL) {
		perror(argv[1]);
		return 1;
	}
	if (!yaml_parser_initialize(&parser)) {
		fclose(fp);
		return 1;
	}
	yaml_parser_set_input_file(&parser, fp);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			fprintf(stderr, "yaml-parse: %s at line %lu\n",
			    parser.problem ? parser.problem : "error",
			    (unsigned long)parser.problem_mark.line + 1);
			rc = 1;
			break;
		}
		events++;
		if (ev.type == YAML_DOCUMENT_START_EVENT)
			docs++;
		done = ev.type == YAML_STREAM_END_EVENT;
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	fclose(fp);
	printf("%lu %lu\n", docs, events);
	return rc;
}
