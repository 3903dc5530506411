/** The consumer test's Next app: nothing but the defaults (Turbopack, the App Router). */
export default {};
