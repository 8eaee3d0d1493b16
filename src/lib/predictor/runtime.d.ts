/** The predictor page's runtime script, as text (filled by predictorRuntimePlugin in runtime-bundle.ts). */
declare module 'virtual:tessera-predictor-runtime' {
	const runtime: string;
	export default runtime;
}
