// The mini-program: one chat page; login happens on the first question (see utils/api.ts).
App({});
