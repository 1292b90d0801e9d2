// What every uPlot chart on Twinfer's pages starts from: its size, with no legend and no cursor (the
// pages say what is drawn, and a cursor's redraws cost the page's thread beside busy cells).
import type uPlot from 'uplot';

export const quietChart = (
	width: number,
	height: number
): Pick<uPlot.Options, 'width' | 'height' | 'legend' | 'cursor'> => ({
	width,
	height,
	legend: { show: false },
	cursor: { show: false }
});
