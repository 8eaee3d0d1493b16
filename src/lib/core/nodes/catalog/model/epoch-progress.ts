import type { EpochHistory, EpochLogs } from '../../../ml/models/tf-epochs';
import type { NodeContext } from '../../define';

/** A tfjs classifier's epochs (CNN, text network) as live progress: a message and a curve point each. */
export function reportEpochs(ctx: NodeContext, epochs: number): (epoch: number, logs: EpochLogs) => void {
	return (epoch, logs) => {
		const values: Record<string, number> = { loss: logs.loss, accuracy: logs.accuracy };
		if (logs.valLoss !== undefined) values.val_loss = logs.valLoss;
		if (logs.valAccuracy !== undefined) values.val_accuracy = logs.valAccuracy;
		const val = logs.valAccuracy !== undefined ? ` · validation accuracy ${logs.valAccuracy.toFixed(3)}` : '';
		ctx.progress(
			(epoch + 1) / epochs,
			`epoch ${epoch + 1}/${epochs} · loss ${logs.loss.toFixed(4)} · accuracy ${logs.accuracy.toFixed(3)}${val}`,
			{ step: epoch + 1, values }
		);
	};
}

/** The epochs' history as the model's curves; validation curves only when there were validation rows. */
export function epochCurves(h: EpochHistory): Record<string, number[]> {
	return { loss: h.loss, accuracy: h.accuracy, ...(h.valLoss.length ? { val_loss: h.valLoss, val_accuracy: h.valAccuracy } : {}) };
}
